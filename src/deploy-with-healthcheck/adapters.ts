// deploy-with-healthcheck's ports over octokit: the deployments record (shared), the
// repository's tags (version.ts) and the pull requests of a commit (hotfix-pr.ts).
import { describeApiError, statusOf, type GitHub, type Repo } from '../shared/github/client.ts';
import { gitHubDeployments } from '../shared/github/deployments-adapter.ts';
import { UserError } from '../shared/runner/errors.ts';
import { shortSha } from '../shared/git/sha.ts';
import type { DeployPorts } from './deploy.ts';
import type { CommitPulls } from './hotfix-pr.ts';
import type { Tags } from './version.ts';

export function gitHubDeployPorts(github: GitHub, repo: Repo): DeployPorts {
  return {
    deployments: gitHubDeployments(github, repo),
    tags: gitHubTags(github, repo),
    pulls: gitHubCommitPulls(github, repo),
  };
}

const PERMISSION_READ = 'contents: read';
const PERMISSION_WRITE = 'contents: write';

export function gitHubTags(github: GitHub, repo: Repo): Tags {
  return {
    async names() {
      try {
        const { data } = await github.rest.git.listMatchingRefs({ ...repo, ref: 'tags/' });
        return data.map((r) => r.ref.replace(/^refs\/tags\//, ''));
      } catch (err) {
        throw new UserError(
          describeApiError(err, 'listing the tags (version: auto)', PERMISSION_READ),
        );
      }
    },
    commitOf: (tag) => tagCommit(github, repo, tag),
    async create(t) {
      let objectSha: string;
      try {
        const { data } = await github.rest.git.createTag({
          ...repo,
          tag: t.tag,
          message: t.message,
          object: t.sha,
          type: 'commit',
        });
        objectSha = data.sha;
      } catch (err) {
        throw new UserError(describeApiError(err, `creating tag ${t.tag}`, PERMISSION_WRITE));
      }
      try {
        await github.rest.git.createRef({ ...repo, ref: `refs/tags/${t.tag}`, sha: objectSha });
        return 'created';
      } catch (err) {
        // 422: the name is taken (a concurrent run); the caller looks at what it points to.
        if (statusOf(err) === 422) return 'taken';
        throw new UserError(
          describeApiError(err, `creating ref refs/tags/${t.tag}`, PERMISSION_WRITE),
        );
      }
    },
  };
}

/** The commit a tag points at (peeling an annotated tag); undefined when there is no tag. */
async function tagCommit(github: GitHub, repo: Repo, tag: string): Promise<string | undefined> {
  let object: { type: string; sha: string };
  try {
    ({ object } = (await github.rest.git.getRef({ ...repo, ref: `tags/${tag}` })).data);
  } catch (err) {
    if (statusOf(err) === 404) return undefined;
    throw new UserError(describeApiError(err, `reading tag ${tag}`, PERMISSION_READ));
  }
  // An annotated tag may point at another tag object; follow the chain to the commit.
  for (let depth = 0; object.type === 'tag' && depth < 5; depth++) {
    try {
      ({ object } = (await github.rest.git.getTag({ ...repo, tag_sha: object.sha })).data);
    } catch (err) {
      throw new UserError(
        describeApiError(err, `reading tag object ${object.sha}`, PERMISSION_READ),
      );
    }
  }
  return object.sha;
}

export function gitHubCommitPulls(github: GitHub, repo: Repo): CommitPulls {
  return {
    async of(sha) {
      try {
        const { data } = await github.rest.repos.listPullRequestsAssociatedWithCommit({
          ...repo,
          commit_sha: sha,
        });
        return data;
      } catch (err) {
        throw new UserError(
          describeApiError(
            err,
            `looking up the pull request of ${shortSha(sha)}`,
            'pull-requests: read',
          ),
        );
      }
    },
  };
}
