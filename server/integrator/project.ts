/**
 * server/integrator/: what an integrator's SDK talks to beyond sessions: API keys (store, policy, views), request
 * signing, event webhooks (project.upload.*, project.session.*), Socket.IO, short links, upload lists and stats, and
 * the one implicit project this file names. Their routes are in routes/.
 */
import type { FastifyRequest } from 'fastify';
import * as v from 'valibot';
import { HttpError } from '../errors';

/**
 * qrdrop has one implicit project: the id and name the session rows already report. Apertur's SDKs put a project
 * id in the path of the project routes; any other id names nothing here.
 */
export const PROJECT = { id: 'qrdrop', name: 'qrdrop' } as const;

export const projectNotFound = () => new HttpError(404, 'project_not_found', 'Project not found. qrdrop has one project, "qrdrop".');

const ProjectParams = v.object({ projectId: v.string() });

/** preHandler (after the key checks) of every `/api/v1/projects/{projectId}/…` route. */
export async function requireProject(request: FastifyRequest): Promise<void> {
  const parsed = v.safeParse(ProjectParams, request.params);
  if (!parsed.success || parsed.output.projectId !== PROJECT.id) throw projectNotFound();
}

/** A route parameter that must be there (Fastify's router guarantees it; the parse keeps the types honest). */
export function param(request: FastifyRequest, name: string): string {
  const parsed = v.safeParse(v.object({ [name]: v.string() }), request.params);
  const value = parsed.success ? parsed.output[name] : undefined;
  if (value === undefined) throw new HttpError(404, 'not_found', 'Not found.');
  return value;
}
