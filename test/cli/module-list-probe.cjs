// Preloaded (`--require`) into a CLI by json-answers.test.ts: at exit, writes the list of modules Node loaded.
const { writeFileSync } = require('node:fs');

process.on('exit', () => writeFileSync(process.env.MODULE_LIST_FILE, process.moduleLoadList.join('\n')));
