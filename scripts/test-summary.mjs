// Prints vitest's JSON result as the plain closing line CI reads: "N passed, N failed, N skipped".
import { readFileSync } from 'node:fs';

const file = process.argv[2] ?? 'test-output/vitest.json';
const result = JSON.parse(readFileSync(file, 'utf8'));
const skipped = (result.numPendingTests ?? 0) + (result.numTodoTests ?? 0);
console.log(`vitest: ${result.numPassedTests} passed, ${result.numFailedTests} failed, ${skipped} skipped`);
