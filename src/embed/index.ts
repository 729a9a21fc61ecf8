/**
 * embed/: talking to the integrator's page when the phone page is in an iframe: the origin it may post to
 * (parent-origin.ts) and the API.md `apertur:*` messages a change of the queue calls for (parent-messages.ts).
 * session/follow-queue.ts posts them. This file is its public entry.
 */
export { type MessageContext, type ParentMessage, parentMessages } from './parent-messages';
export { parentOriginFrom } from './parent-origin';
