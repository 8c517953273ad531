// Transitional: the page script now lives in ./client/ (TypeScript, bundled into src/generated/html-client.ts by
// `npm run gen`). This re-export remains only for test/report/graph/formats.test.ts, which still imports it from here;
// delete this file once that import points at '../../../src/generated/html-client.js'.
export { CLIENT_SCRIPT } from '../../generated/html-client.js';
