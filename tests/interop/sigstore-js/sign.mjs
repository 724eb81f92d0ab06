#!/usr/bin/env node
// sign.mjs KEY.pem ARTIFACT OUT.json [--dsse PAYLOAD_TYPE]
//
// Builds a key-based Sigstore bundle with sigstore-js's own bundle builders (@sigstore/sign's
// MessageSignatureBundleBuilder, or DSSEBundleBuilder with --dsse, ARTIFACT then being the
// payload), with no witnesses (no Rekor, no TSA) and a Signer over node:crypto holding the given
// unencrypted private key (PKCS#8, SEC1 or PKCS#1 PEM). The bundle JSON is @sigstore/bundle's
// bundleToJSON of what the builder made, written to OUT.json.
//
// The signing algorithm follows the key, as the Sigstore algorithm registry names it
// (sigstore-architecture-docs/algorithm-registry.md): ECDSA P-256/P-384/P-521 with
// SHA-256/384/512 (DER signatures), RSA PKCS#1 v1.5 with SHA-256, pure Ed25519.
//
// Exit 0 when written; 1 on an error (with the reason on stderr); 2 for a usage error.
import crypto from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';

import { bundleToJSON } from '@sigstore/bundle';
import { DSSEBundleBuilder, MessageSignatureBundleBuilder } from '@sigstore/sign';

const NAME = 'sign.mjs';

function usage() {
  process.stderr.write(`usage: ${NAME} KEY.pem ARTIFACT OUT.json [--dsse PAYLOAD_TYPE]\n`);
  process.exit(2);
}

const EC_HASH = { prime256v1: 'sha256', secp384r1: 'sha384', secp521r1: 'sha512' };

function signingHash(privateKey) {
  switch (privateKey.asymmetricKeyType) {
    case 'ec': {
      const curve = privateKey.asymmetricKeyDetails.namedCurve;
      if (!EC_HASH[curve]) throw new Error(`unsupported curve ${curve}`);
      return EC_HASH[curve];
    }
    case 'rsa':
      return 'sha256';
    case 'ed25519':
      return null;
    default:
      throw new Error(`unsupported key type ${privateKey.asymmetricKeyType}`);
  }
}

// A @sigstore/sign Signer (sign(data) -> { signature, key }) with a local key pair, as the
// key-based signer a caller plugs into the bundle builders in place of the FulcioSigner.
class KeySigner {
  constructor(privateKeyPem) {
    this.privateKey = crypto.createPrivateKey(privateKeyPem);
    this.hash = signingHash(this.privateKey);
    const publicKey = crypto.createPublicKey(this.privateKey);
    this.publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' });
    // The hint: base64 of the SHA-256 of the DER SubjectPublicKeyInfo.
    this.hint = crypto.createHash('sha256')
      .update(publicKey.export({ type: 'spki', format: 'der' }))
      .digest('base64');
  }

  async sign(data) {
    return {
      signature: crypto.sign(this.hash, data, this.privateKey),
      key: { $case: 'publicKey', publicKey: this.publicKeyPem, hint: this.hint },
    };
  }
}

async function main(argv) {
  let payloadType;
  const positional = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--dsse') {
      if (i + 1 >= argv.length) usage();
      payloadType = argv[++i];
    } else if (argv[i].startsWith('-')) {
      usage();
    } else {
      positional.push(argv[i]);
    }
  }
  if (positional.length !== 3) usage();
  const [keyPath, artifactPath, outPath] = positional;

  const options = { signer: new KeySigner(readFileSync(keyPath, 'utf8')), witnesses: [] };
  const data = readFileSync(artifactPath);
  const bundle = payloadType === undefined
    ? await new MessageSignatureBundleBuilder(options).create({ data })
    : await new DSSEBundleBuilder(options).create({ data, type: payloadType });
  writeFileSync(outPath, JSON.stringify(bundleToJSON(bundle), null, 2) + '\n');
}

main(process.argv.slice(2)).catch((error) => {
  process.stderr.write(`${NAME}: ${error.message || error}\n`);
  process.exit(1);
});
