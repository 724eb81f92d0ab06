#!/usr/bin/env node
// verify.mjs BUNDLE PUBKEY.pem ARTIFACT
//
// Verifies a key-based Sigstore bundle with sigstore-js, offline: the only trust is the given
// public key (no TUF, no network, an empty trusted root; transparency log, CT log and timestamp
// thresholds 0). The bundle is read by @sigstore/bundle (bundleFromJSON, which validates it) and
// checked by @sigstore/verify's Verifier, the way the `sigstore` package's verify() does with a
// keySelector, but without fetching a trusted root.
//
// @sigstore/verify checks the signature only: over ARTIFACT for a message signature, over the
// DSSE PAE for an envelope. What its callers add, this script adds, each as its own named check:
//   - message signature: the bundle's messageDigest is the artifact's digest (sigstore-python and
//     sigstore-go check this too; @sigstore/verify compares it only against a tlog entry);
//   - DSSE: the payload type is in-toto and ARTIFACT's sha256 is a subject of the statement
//     (client spec section 4.5: "Verifier MUST ensure that the artifact's digest/algorithm tuple
//     is present in the list of subjects").
//
// Exit 0 and "verified ..." on stdout when it verifies; 1 with the reason on stderr when it does
// not (or the bundle cannot be read); 2 for a usage error.
import crypto from 'node:crypto';
import { readFileSync } from 'node:fs';

import { bundleFromJSON } from '@sigstore/bundle';
import { TrustedRoot, HashAlgorithm } from '@sigstore/protobuf-specs';
import { Verifier, toSignedEntity, toTrustMaterial } from '@sigstore/verify';

const NAME = 'verify.mjs';
const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';

class CheckFailed extends Error {
  constructor(check, message) {
    super(`${check}: ${message}`);
  }
}

function usage() {
  process.stderr.write(`usage: ${NAME} BUNDLE PUBKEY.pem ARTIFACT\n`);
  process.exit(2);
}

// No CAs, logs or TSAs: a bundle verifies only through the public key.
function emptyTrustedRoot() {
  return TrustedRoot.fromJSON({
    mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
    tlogs: [],
    certificateAuthorities: [],
    ctlogs: [],
    timestampAuthorities: [],
  });
}

// The KeyFinderFunc of @sigstore/verify, as sigstore's createKeyFinder builds it from a
// keySelector: the hint in the bundle is unauthenticated, so every hint maps to the one key given.
function keyFinder(publicKeyPem) {
  const publicKey = crypto.createPublicKey(publicKeyPem);
  return () => ({ publicKey, validFor: () => true });
}

const NODE_HASH = {
  [HashAlgorithm.SHA2_256]: 'sha256',
  [HashAlgorithm.SHA2_384]: 'sha384',
  [HashAlgorithm.SHA2_512]: 'sha512',
  [HashAlgorithm.SHA3_256]: 'sha3-256',
  [HashAlgorithm.SHA3_384]: 'sha3-384',
};

function checkMessageDigest(messageSignature, artifact) {
  const { algorithm, digest } = messageSignature.messageDigest;
  const hash = NODE_HASH[algorithm];
  if (!hash) throw new CheckFailed('message digest', `unsupported algorithm ${algorithm}`);
  const actual = crypto.createHash(hash).update(artifact).digest();
  if (actual.length !== digest.length || !crypto.timingSafeEqual(actual, digest)) {
    throw new CheckFailed('message digest', `the artifact's ${hash} is not the bundle's messageDigest`);
  }
}

function checkSubject(envelope, artifact) {
  if (envelope.payloadType !== IN_TOTO_PAYLOAD_TYPE) {
    throw new CheckFailed('payload type', `"${envelope.payloadType}" is not ${IN_TOTO_PAYLOAD_TYPE}`);
  }
  let statement;
  try {
    statement = JSON.parse(Buffer.from(envelope.payload).toString('utf8'));
  } catch (e) {
    throw new CheckFailed('statement', `the payload is not JSON: ${e.message}`);
  }
  const sha256 = crypto.createHash('sha256').update(artifact).digest('hex');
  const subjects = Array.isArray(statement?.subject) ? statement.subject : [];
  if (!subjects.some((s) => s?.digest?.sha256?.toLowerCase() === sha256)) {
    throw new CheckFailed('subject', `sha256:${sha256} is not a subject of the statement`);
  }
}

function reason(error) {
  if (error instanceof CheckFailed) return error.message;
  // VerificationError / PolicyError of @sigstore/verify carry a code.
  if (error.code) return `${error.code}: ${error.message}`;
  // ValidationError of @sigstore/bundle names the fields it found invalid.
  if (Array.isArray(error.fields)) return `${error.message}: ${error.fields.join(', ')}`;
  return error.message || String(error);
}

function main(argv) {
  if (argv.length !== 3 || argv.some((a) => a.startsWith('-'))) usage();
  const [bundlePath, keyPath, artifactPath] = argv;
  const artifact = readFileSync(artifactPath);
  const bundle = bundleFromJSON(JSON.parse(readFileSync(bundlePath, 'utf8')));
  if (bundle.verificationMaterial.content?.$case !== 'publicKey') {
    throw new CheckFailed('verification material', 'the bundle is not key-based (no publicKey)');
  }

  const trustMaterial = toTrustMaterial(emptyTrustedRoot(), keyFinder(readFileSync(keyPath, 'utf8')));
  const verifier = new Verifier(trustMaterial, {
    tlogThreshold: 0,
    ctlogThreshold: 0,
    timestampThreshold: 0,
  });
  verifier.verify(toSignedEntity(bundle, artifact));

  switch (bundle.content.$case) {
    case 'messageSignature':
      checkMessageDigest(bundle.content.messageSignature, artifact);
      break;
    case 'dsseEnvelope':
      checkSubject(bundle.content.dsseEnvelope, artifact);
      break;
    default:
      throw new CheckFailed('content', `unknown bundle content ${bundle.content.$case}`);
  }
  process.stdout.write(`verified ${bundle.mediaType} ${bundle.content.$case} bundle ${bundlePath}\n`);
}

try {
  main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`${NAME}: not verified: ${reason(error)}\n`);
  process.exit(1);
}
