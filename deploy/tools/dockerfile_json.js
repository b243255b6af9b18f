#!/usr/bin/env node
// Parses Dockerfiles offline (no container engine) and prints them as JSON, for deploy/tests.
//
//   node deploy/tools/dockerfile_json.js deploy/Dockerfile deploy/Dockerfile.cuda
//
// dockerfile-utils' validator (the Dockerfile language server's rules: unknown instructions,
// missing arguments, bad flags and durations, bad ports, empty continuation lines, ...) gives the
// diagnostics; dockerfile-ast gives the instructions, grouped by build stage. Pinned in
// deploy/package-lock.json.
//
// Prints {"<file>": {"diagnostics": [{"severity": "error"|"warning"|..., "line", "message"}],
// "stages": [{"name", "from", "line", "instructions": [{"keyword", "line", "arguments",
// "content", "flags": {name: value}, "json": [...] (exec form only)}]}]}}.
'use strict';

const fs = require('fs');
const { DockerfileParser } = require('dockerfile-ast');
const { validate } = require('dockerfile-utils');

const SEVERITY = { 1: 'error', 2: 'warning', 3: 'information', 4: 'hint' };

function describe(file) {
  const content = fs.readFileSync(file, 'utf8');
  const diagnostics = validate(content).map((d) => ({
    severity: SEVERITY[d.severity] || String(d.severity),
    line: d.range.start.line + 1,
    message: d.message,
  }));
  const stages = [];
  let stage = null;
  for (const ins of DockerfileParser.parse(content).getInstructions()) {
    const keyword = ins.getKeyword();
    const entry = {
      keyword,
      line: ins.getRange().start.line + 1,
      arguments: ins.getArguments().map((a) => a.getValue()),
      content: ins.getArgumentsContent(),
      flags: {},
    };
    if (typeof ins.getFlags === 'function') {
      for (const flag of ins.getFlags()) entry.flags[flag.getName()] = flag.getValue();
    }
    if (typeof ins.getJSONStrings === 'function' && ins.getJSONStrings().length) {
      entry.json = ins.getJSONStrings().map((s) => s.getJSONValue());
    }
    if (keyword === 'FROM') {
      const args = entry.arguments;
      const as = args.findIndex((a) => a.toUpperCase() === 'AS');
      stage = {
        name: as >= 0 ? args[as + 1] : null,
        from: args[0],
        line: entry.line,
        instructions: [],
      };
      stages.push(stage);
    }
    if (stage) {
      stage.instructions.push(entry);
    } else {  // ARG before the first FROM
      (stages.preamble = stages.preamble || []).push(entry);
    }
  }
  return { diagnostics, stages, preamble: stages.preamble || [] };
}

const out = {};
for (const file of process.argv.slice(2)) out[file] = describe(file);
process.stdout.write(JSON.stringify(out, null, 1) + '\n');
