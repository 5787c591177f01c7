/**
 * The VitePress site of the docs (`npm run docs` builds it into docs/.vitepress/dist). The API reference under api/
 * is generated from the packages' TSDoc by docs/build.ts before VitePress runs; its sidebar comes with it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type DefaultTheme, defineConfig } from 'vitepress';

const docsDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const apiSidebarFile = join(docsDir, 'api', 'typedoc-sidebar.json');
// Modules only: each module's page lists its exports. The full tree (one entry per export) would be rendered into
// every one of the ~850 API pages and make the site some 400 MB.
const apiSidebar: DefaultTheme.SidebarItem[] = (
  existsSync(apiSidebarFile) ? (JSON.parse(readFileSync(apiSidebarFile, 'utf8')) as DefaultTheme.SidebarItem[]) : []
).map(({ text, link }) => ({ text, link }) as DefaultTheme.SidebarItem);

const guide: DefaultTheme.SidebarItem[] = [
  { text: 'Overview', link: '/' },
  {
    text: 'Getting started',
    items: [
      { text: 'Choose your path', link: '/getting-started' },
      { text: 'Wallet or dApp', link: '/start/wallet' },
      { text: 'Integrator: mount the aggregator', link: '/start/integrator' },
      { text: 'Stake pool operator: run a signer', link: '/start/spo' },
      { text: 'Node restore: a Cardano database', link: '/start/node-restore' },
      { text: 'Operator: run an aggregator', link: '/start/operator' },
      { text: 'Before it is on the registry', link: '/start/from-checkout' },
    ],
  },
  {
    text: 'Concepts',
    items: [
      { text: 'STM, certificates, epochs', link: '/concepts' },
      { text: 'What is and is not verified', link: '/security' },
    ],
  },
  {
    text: 'Guides',
    items: [
      { text: 'SDK guide', link: '/sdk' },
      { text: 'Mounting the aggregator', link: '/aggregator' },
      { text: 'Running a signer', link: '/signer' },
      { text: 'Performance', link: '/performance' },
      { text: 'Runtimes: what runs where', link: '/runtimes' },
    ],
  },
  {
    text: 'Reference',
    items: [
      { text: 'Error codes', link: '/sdk#errors' },
      { text: 'CLI', link: '/cli' },
      { text: 'API reference', link: '/api/' },
    ],
  },
];

export default defineConfig({
  title: 'Mithril TypeScript',
  description: 'Mithril in TypeScript: SDK, node kits and CLI, byte-compatible with the reference network',
  srcExclude: ['generated/**', 'scripts/**'],
  // Links to missing pages fail the build; docs/build.ts then checks anchors and links out of the site.
  ignoreDeadLinks: false,
  lastUpdated: false,
  themeConfig: {
    search: { provider: 'local' },
    nav: [
      { text: 'Getting started', link: '/getting-started' },
      { text: 'Concepts', link: '/concepts' },
      { text: 'Error codes', link: '/sdk#errors' },
      { text: 'API', link: '/api/' },
    ],
    sidebar: {
      '/api/': [{ text: 'API reference', link: '/api/', items: apiSidebar }],
      '/': guide,
    },
    outline: { level: [2, 3] },
  },
});
