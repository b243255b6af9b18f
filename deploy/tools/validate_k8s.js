#!/usr/bin/env node
// Validates rendered Kubernetes manifests offline (no cluster) and prints them as JSON.
//
//   kubectl kustomize deploy/k8s/overlays/cpu | node deploy/tools/validate_k8s.js
//   node deploy/tools/validate_k8s.js rendered.yaml
//
// Two checks per document, both from npm packages pinned in deploy/package-lock.json:
//  1. kubernetes-models: the Kubernetes OpenAPI schema of the document's apiVersion and kind
//     (types, required fields, formats such as quantities and int32, enums), as JSON Schema
//     validators compiled with ajv.
//  2. kubernetes-types + the TypeScript compiler: unknown fields. The schemas above allow any
//     extra property, while the API server (strict field validation, kubectl's default since
//     1.27) rejects one; each document is type-checked as an object literal of its kind, so a
//     misspelt field (terminationGracePeriodSecond) is an error. TypeScript reports the first
//     error of each document.
//
// Prints {"documents": [...], "errors": ["Kind/name: message", ...]} on stdout; exit status 0
// when there are no errors, 1 when there are, 2 when the input cannot be read as YAML.
'use strict';

const fs = require('fs');
const path = require('path');
const YAML = require('yaml');
const ts = require('typescript');

function readInput() {
  const file = process.argv[2];
  return file && file !== '-' ? fs.readFileSync(file, 'utf8') : fs.readFileSync(0, 'utf8');
}

function label(doc, index) {
  const name = doc && doc.metadata && doc.metadata.name ? doc.metadata.name : '#' + index;
  return `${(doc && doc.kind) || '?'}/${name}`;
}

// apiVersion "networking.k8s.io/v1" -> ["networking.k8s.io", "v1"]; "v1" -> ["", "v1"].
function groupVersion(apiVersion) {
  const parts = String(apiVersion || '').split('/');
  return parts.length === 2 ? parts : ['', parts[0]];
}

function schemaErrors(doc) {
  let models;
  try {
    models = require(`kubernetes-models/${doc.apiVersion}`);
  } catch (e) {
    return [`no schema for apiVersion ${doc.apiVersion}`];
  }
  const Model = models[doc.kind];
  if (typeof Model !== 'function') return [`no schema for ${doc.apiVersion} ${doc.kind}`];
  try {
    new Model(doc).validate();
    return [];
  } catch (e) {
    return [String(e.message || e)];
  }
}

// kubernetes-types' module for an apiVersion: core group "v1" -> core/v1, "apps/v1" -> apps/v1,
// "networking.k8s.io/v1" -> networking/v1, "policy/v1" -> policy/v1.
function typesModule(apiVersion) {
  const [group, version] = groupVersion(apiVersion);
  return `kubernetes-types/${group ? group.split('.')[0] : 'core'}/${version}`;
}

function unknownFieldErrors(docs) {
  const errors = new Map();
  const lines = [];
  const owner = [];  // owner[line] = document index
  docs.forEach((doc, i) => {
    if (!doc || !doc.kind || !doc.apiVersion) return;
    const text = `import type { ${doc.kind} as T${i} } from '${typesModule(doc.apiVersion)}';\n` +
                 `export const doc${i}: T${i} = ${JSON.stringify(doc, null, 1)};\n`;
    for (const line of text.split('\n')) {
      lines.push(line);
      owner.push(i);
    }
  });
  const source = lines.join('\n');
  // A file that does not exist, inside deploy/, so that 'kubernetes-types' resolves from
  // deploy/node_modules.
  const file = path.join(__dirname, '__rendered_manifests__.ts');
  const options = {
    strict: true, noEmit: true, skipLibCheck: true, types: [],
    target: ts.ScriptTarget.ES2020, module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  host.getSourceFile = (name, language, ...rest) =>
    name === file ? ts.createSourceFile(name, source, language) : getSourceFile(name, language, ...rest);
  host.fileExists = (name) => name === file || fileExists(name);
  const program = ts.createProgram([file], options, host);
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const message = ts.flattenDiagnosticMessageText(d.messageText, ' ');
    if (!d.file || d.file.fileName !== file) {
      errors.set(-1, (errors.get(-1) || []).concat([message]));
      continue;
    }
    const { line } = d.file.getLineAndCharacterOfPosition(d.start);
    const i = owner[line];
    errors.set(i, (errors.get(i) || []).concat([`${message} (near: ${lines[line].trim()})`]));
  }
  return errors;
}

function main() {
  let parsed;
  try {
    parsed = YAML.parseAllDocuments(readInput());
  } catch (e) {
    process.stderr.write(`cannot read YAML: ${e.message}\n`);
    return 2;
  }
  const bad = parsed.filter((d) => d.errors && d.errors.length);
  if (bad.length) {
    process.stderr.write(`cannot read YAML: ${bad[0].errors[0].message}\n`);
    return 2;
  }
  const documents = parsed.map((d) => d.toJS()).filter((d) => d !== null && d !== undefined);
  const errors = [];
  documents.forEach((doc, i) => {
    if (!doc.apiVersion || !doc.kind) {
      errors.push(`${label(doc, i)}: no apiVersion or kind`);
      return;
    }
    for (const e of schemaErrors(doc)) errors.push(`${label(doc, i)}: schema: ${e}`);
  });
  for (const [i, messages] of unknownFieldErrors(documents)) {
    for (const m of messages) {
      errors.push(`${i >= 0 ? label(documents[i], i) : 'typescript'}: fields: ${m}`);
    }
  }
  process.stdout.write(JSON.stringify({ documents, errors }, null, 1) + '\n');
  return errors.length ? 1 : 0;
}

process.exitCode = main();
