// The sigstore-js side of bench/verify.sh: one keyless bundle verified offline, the way
// @sigstore/verify's Verifier does it, with a trusted root read from a file.
//   node verify-sigstore-js.mjs TRUSTED_ROOT BUNDLE ARTIFACT IDENTITY ISSUER
import { readFileSync } from 'node:fs';

import { bundleFromJSON } from '@sigstore/bundle';
import { TrustedRoot } from '@sigstore/protobuf-specs';
import { Verifier, toSignedEntity, toTrustMaterial } from '@sigstore/verify';

const [rootPath, bundlePath, artifactPath, identity, issuer] = process.argv.slice(2);
const trustMaterial = toTrustMaterial(TrustedRoot.fromJSON(JSON.parse(readFileSync(rootPath, 'utf8'))));
const bundle = bundleFromJSON(JSON.parse(readFileSync(bundlePath, 'utf8')));
const verifier = new Verifier(trustMaterial, { tlogThreshold: 1, ctlogThreshold: 1, timestampThreshold: 1 });
verifier.verify(toSignedEntity(bundle, readFileSync(artifactPath)), {
  subjectAlternativeName: identity,
  extensions: { issuer },
});
