/**
 * A destination as the session replies name it: `{id, type, name}`, the element type Apertur's SDKs decode.
 * A leaf (it imports nothing) so that the session's views can name it without importing delivery/, which imports
 * the session store.
 */
export type DestinationType = 'webhook' | 'folder';

export interface SessionDestination {
  id: string;
  type: DestinationType;
  name: string;
}
