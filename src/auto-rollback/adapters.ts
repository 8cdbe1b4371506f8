// auto-rollback's ports over octokit: the deployments record (shared), the repository's
// commits (lookup.ts) and the revert PR (src/shared/github/pulls.ts).
import { describeApiError, statusOf, type GitHub, type Repo } from '../shared/github/client.ts';
import { gitHubDeployments } from '../shared/github/deployments-adapter.ts';
import { gitHubPulls } from '../shared/github/pulls.ts';
import { UserError } from '../shared/runner/errors.ts';
import type { Commits } from './lookup.ts';
import type { RollbackPorts } from './rollback.ts';

export function gitHubRollbackPorts(github: GitHub, repo: Repo): RollbackPorts {
  return {
    deployments: gitHubDeployments(github, repo),
    commits: gitHubCommits(github, repo),
    pulls: gitHubPulls(github, repo),
  };
}

export function gitHubCommits(github: GitHub, repo: Repo): Commits {
  return {
    async shaOf(ref) {
      try {
        const { data } = await github.rest.repos.getCommit({ ...repo, ref });
        return data.sha;
      } catch (err) {
        const status = statusOf(err);
        if (status === 422 || status === 404) return undefined;
        throw new UserError(describeApiError(err, `resolving target ${ref}`, 'contents: read'));
      }
    },
    async isTag(name) {
      try {
        await github.rest.git.getRef({ ...repo, ref: `tags/${name}` });
        return true;
      } catch (err) {
        if (statusOf(err) === 404) return false;
        throw new UserError(describeApiError(err, `reading tag ${name}`, 'contents: read'));
      }
    },
  };
}
