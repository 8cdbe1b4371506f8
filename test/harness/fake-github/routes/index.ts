import type { FakeGitHub } from '../server.ts';
import { issueRoutes } from './issues.ts';
import { pullRoutes } from './pulls.ts';
import { contentRoutes } from './contents.ts';
import { commentRoutes } from './comments.ts';
import { deploymentRoutes } from './deployments.ts';
import { gitRoutes } from './git.ts';
import { commitPullRoutes } from './commit-pulls.ts';

export function registerRoutes(fake: FakeGitHub): void {
  issueRoutes(fake);
  pullRoutes(fake);
  contentRoutes(fake);
  commentRoutes(fake);
  deploymentRoutes(fake);
  gitRoutes(fake);
  commitPullRoutes(fake);
}
