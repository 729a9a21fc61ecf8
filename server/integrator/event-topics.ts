/**
 * Event topics. Apertur's SDKs and docs spell them two ways: `project.upload.completed`… and the older
 * `image.uploaded`, `session.completed`. A webhook may subscribe with either, or with a wildcard; the event it gets
 * is named in the spelling it subscribed with.
 */
export const CANONICAL_TOPICS = [
  'project.upload.started',
  'project.upload.completed',
  'project.upload.failed',
  'project.session.created',
  'project.session.completed',
  'project.session.expired',
] as const;
export type Topic = (typeof CANONICAL_TOPICS)[number];

const ALIASES: Record<string, Topic> = {
  'image.uploaded': 'project.upload.completed',
  'upload.completed': 'project.upload.completed',
  'upload.started': 'project.upload.started',
  'upload.failed': 'project.upload.failed',
  'image.failed': 'project.upload.failed',
  'session.created': 'project.session.created',
  'session.completed': 'project.session.completed',
  'session.expired': 'project.session.expired',
};
const WILDCARDS: Record<string, (topic: Topic) => boolean> = {
  '*': () => true,
  'project.*': () => true,
  'project.upload.*': (topic) => topic.startsWith('project.upload.'),
  'project.session.*': (topic) => topic.startsWith('project.session.'),
};

export const isKnownTopic = (topic: string): boolean =>
  CANONICAL_TOPICS.some((t) => t === topic) || topic in ALIASES || topic in WILDCARDS;

export const TOPIC_SPELLINGS = [...CANONICAL_TOPICS, ...Object.keys(ALIASES), ...Object.keys(WILDCARDS)];

/** The name `topic` is sent under to a webhook subscribed to `subscribed`, or null if it is not subscribed. */
export function subscribedName(subscribed: readonly string[], topic: Topic | 'webhook.test'): string | null {
  if (topic === 'webhook.test') return topic;
  for (const entry of subscribed) {
    if (entry === topic || ALIASES[entry] === topic) return entry;
  }
  return subscribed.some((entry) => WILDCARDS[entry]?.(topic) === true) ? topic : null;
}
