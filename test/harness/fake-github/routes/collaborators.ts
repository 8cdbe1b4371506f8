// A user's permission on a repository: how an action decides whether the author of a
// `/backport` comment may ask for one. Admin, maintain and write report as admin or write,
// triage as read (the legacy `permission` field), the role itself in role_name.
import { type FakeGitHub, HttpError } from '../server.ts';
import { example } from '../openapi.ts';
import { userJson } from '../json.ts';

const LEGACY = { admin: 'admin', maintain: 'write', write: 'write', triage: 'read', read: 'read' };

export function collaboratorRoutes(fake: FakeGitHub): void {
  fake.route(
    'GET',
    '/repos/{owner}/{repo}/collaborators/{username}/permission',
    ({ params, state, base }) => {
      const repo = state.repo(params.owner!, params.repo!);
      const login = params.username!;
      // GitHub answers 404 for a login that is no user at all.
      if (!/^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/.test(login))
        throw new HttpError(404, 'Not Found');
      const role = repo.collaborators.get(login) ?? 'read';
      const ex = example(
        'repository-collaborator-permission-response-if-user-has-admin-permissions',
      );
      const user = {
        ...(ex.user as Record<string, unknown>),
        ...userJson(base, state.user(login)),
      };
      user.permissions = {
        pull: true,
        triage: role !== 'read',
        push: ['admin', 'maintain', 'write'].includes(role),
        maintain: ['admin', 'maintain'].includes(role),
        admin: role === 'admin',
      };
      user.role_name = role;
      return { body: { ...ex, permission: LEGACY[role], role_name: role, user } };
    },
  );
}
