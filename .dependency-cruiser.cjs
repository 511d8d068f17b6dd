// Area boundaries (issue 12): an area owns its tables, so no other area imports its entities/ (type-only
// imports excepted: they leave nothing at run time), and area folders depend on each other without cycles.
// Run by `npm run lint:deps` (scripts/lint-deps.mjs, which also finds the cycles) and test/architecture/dependency-rules.e2e-spec.ts.

/** Shared code every area may use, and that is not an area: excluded from the area rules. */
const SHARED = '^src/(common|config|database|logging|openapi|app\\.module\\.ts|main\\.ts|http-app\\.ts)';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  /** Read by scripts/lint-deps.mjs, which checks cycles between area folders (type-only imports left out). */
  shared: SHARED,
  forbidden: [
    {
      name: 'no-other-areas-entities',
      comment:
        "Another area's entities are its tables: read them through that area's service or exported read, write them never. " +
        "An entity may still name another area's entity for a foreign key (a relation is schema, not access).",
      severity: 'error',
      from: { path: '^src/([^/]+)/', pathNot: [SHARED, '/entities/'] },
      to: { path: '^src/.*/entities/', pathNot: '^src/$1/', dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    includeOnly: '^src/',
    exclude: { path: '\\.spec\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    moduleSystems: ['cjs', 'es6'],
  },
};
