import type { FakeGitHub } from '../server.ts';
import { issueRoutes } from './issues.ts';
import { pullRoutes } from './pulls.ts';
import { contentRoutes } from './contents.ts';
import { commentRoutes } from './comments.ts';
import { deploymentRoutes } from './deployments.ts';
import { pullFileRoutes } from './pull-files.ts';
import { reviewRoutes } from './reviews.ts';
import { issueLifecycleRoutes } from './issue-lifecycle.ts';
import { pullCommitRoutes } from './pull-commits.ts';
import { pullCreateRoutes } from './pull-create.ts';
import { pullMergeRoutes } from './pull-merge.ts';
import { assigneeRoutes } from './assignees.ts';
import { collaboratorRoutes } from './collaborators.ts';
import { graphqlRoutes } from './graphql.ts';
import { gitRoutes } from './git.ts';
import { commitPullRoutes } from './commit-pulls.ts';
import { commitRoutes } from './commits.ts';

export function registerRoutes(fake: FakeGitHub): void {
  issueRoutes(fake);
  pullRoutes(fake);
  contentRoutes(fake);
  commentRoutes(fake);
  deploymentRoutes(fake);
  pullFileRoutes(fake);
  reviewRoutes(fake);
  issueLifecycleRoutes(fake);
  pullCommitRoutes(fake);
  pullCreateRoutes(fake);
  pullMergeRoutes(fake);
  assigneeRoutes(fake);
  collaboratorRoutes(fake);
  graphqlRoutes(fake);
  gitRoutes(fake);
  commitPullRoutes(fake);
  commitRoutes(fake);
}
