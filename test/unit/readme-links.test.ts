// Links between our READMEs: a relative link to another page's section must land on a heading
// that exists, as GitHub slugs it, so a renamed heading cannot strand the readers of another
// action's README. And auto-rollback, which judges its rollback with deploy-with-healthcheck's
// verdict, points at where that verdict departs from Argo Rollouts.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

const pages = [
  'README.md',
  'deploy/README.md',
  ...readdirSync(join(ROOT, 'actions')).map((a) => `actions/${a}/README.md`),
  ...readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
function slugs(markdown: string): Set<string> {
  const out = new Set<string>();
  for (const [, text] of markdown.matchAll(/^#{1,6} +(.+?) *#*$/gm))
    out.add(
      text!
        .toLowerCase()
        .replace(/[`*_[\]()]/g, '')
        .replace(/[^\p{L}\p{N} -]/gu, '')
        .replace(/ /g, '-'),
    );
  return out;
}

/** Relative links with a #section to another markdown page: [page, target file, anchor]. */
function sectionLinks(page: string): [string, string, string][] {
  const text = readFileSync(join(ROOT, page), 'utf8');
  return [...text.matchAll(/\]\(((?:\.\.?\/)[^)#\s]*\.md)#([^)\s]+)\)/g)].map(
    ([, file, anchor]) => [page, relative(ROOT, join(ROOT, dirname(page), file!)), anchor!],
  );
}

describe('README section links', () => {
  const links = pages.flatMap(sectionLinks);

  it.each(links)('%s -> %s#%s lands on a heading', (_page, file, anchor) => {
    expect([...slugs(readFileSync(join(ROOT, file), 'utf8'))]).toContain(anchor);
  });

  it('auto-rollback links to the differences from Argo Rollouts of the verdict it shares', () => {
    expect(links).toContainEqual([
      'actions/auto-rollback/README.md',
      'actions/deploy-with-healthcheck/README.md',
      'differences-from-argo-rollouts',
    ]);
  });
});
