import type { WorkspaceId } from '../db/tenant';
import type { ApiKeyScope } from './api-key/scopes';

/** A record a widget visitor's host-signed identity lets it open. */
export interface SubjectRef {
  type: string;
  id: string;
}

/** Someone chatting through the embeddable widget: one workspace, widget procedures only. */
export interface VisitorIdentity {
  userId: string;
  sessionId: string;
  workspaceId: WorkspaceId;
  name: string;
  subjects: SubjectRef[];
}

/** Who is calling: resolved from credentials by the auth layer, handed to services by a gate. */
export type Actor =
  | {
      kind: 'user';
      userId: string;
      sessionId: string;
      email: string;
      name: string;
      /** When the account was made: new accounts have a smaller rate-limit budget. */
      createdAt: Date;
    }
  | { kind: 'apiKey'; keyId: string; workspaceId: WorkspaceId; scopes: ApiKeyScope[] }
  | ({ kind: 'visitor' } & VisitorIdentity);

/** An actor that is a person with a user id (signed in, or a widget visitor). */
export type PersonActor = Extract<Actor, { kind: 'user' | 'visitor' }>;
