/**
 * The layering of the design (DESIGN.md §3), enforced on every `npm test`:
 * - transport/, media-workers/ and drivers/ are leaves: they import nothing else from the repo;
 * - actors/ imports only types from the leaves;
 * - supervisors/ is the composition root; api/ talks to supervisors/ and uses message types;
 * - a folder is entered only through its index.ts;
 * - no cycles.
 */
const FOLDERS = '(actors|api|drivers|media-workers|store|supervisors|transport)';
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'leaves-import-nothing-of-the-repo',
      comment: 'transport/, media-workers/ and drivers/ are leaves (DESIGN.md §3).',
      severity: 'error',
      from: { path: '^(transport|media-workers|drivers)/' },
      to: { path: '^(actors|api|store|supervisors|cluster\\.config\\.ts)', pathNot: '\\.test\\.ts$' },
    },
    {
      name: 'leaves-do-not-import-each-other',
      severity: 'error',
      from: { path: '^(transport)/' },
      to: { path: '^(media-workers|drivers)/' },
    },
    {
      name: 'leaves-do-not-import-each-other-2',
      severity: 'error',
      from: { path: '^(media-workers)/' },
      to: { path: '^(transport|drivers)/' },
    },
    {
      name: 'leaves-do-not-import-each-other-3',
      severity: 'error',
      from: { path: '^(drivers)/' },
      to: { path: '^(transport|media-workers)/' },
    },
    {
      name: 'actors-import-only-types-from-leaves',
      severity: 'error',
      from: { path: '^actors/' },
      to: { path: '^(transport|media-workers|drivers)/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'actors-do-not-reach-up',
      severity: 'error',
      from: { path: '^actors/' },
      to: { path: '^(api|supervisors|store)/' },
    },
    {
      name: 'store-is-below-supervisors-and-api',
      severity: 'error',
      from: { path: '^store/' },
      to: { path: '^(api|supervisors|actors)/' },
    },
    {
      name: 'api-does-not-reach-leaves-or-store-internals',
      comment: 'Tests of api/ may start real servers from the leaves (a uWebSockets.js app).',
      severity: 'error',
      from: { path: '^api/', pathNot: '\\.test\\.ts$' },
      to: { path: '^(transport|media-workers|drivers)/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'only-supervisors-read-the-cluster-config',
      severity: 'error',
      from: { path: '^(actors|api|store|transport|media-workers|drivers)/' },
      to: { path: '^cluster\\.config\\.ts$' },
    },
    {
      name: 'cross-folder-imports-go-through-index',
      comment: 'Enter another top-level folder only through its index.ts (tests may reach its test helpers).',
      severity: 'error',
      from: { path: `^${FOLDERS}/`, pathNot: '\\.test\\.ts$' },
      to: {
        path: `^${FOLDERS}/`,
        pathNot: ['^$1/', '^[^/]+/index\\.ts$'],
      },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.mjs', '.json'] },
  },
};
