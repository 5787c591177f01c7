/** @chainsafe/blst 0.2.11 (SWIG bindings of native blst): the bench's floor, never a dependency of a package. */
import { createRequire } from 'node:module';

import type { Blst } from '@chainsafe/blst/dist/bindings.js';

const require = createRequire(import.meta.url);
export const blst: Blst = (require('@chainsafe/blst/dist/bindings.js') as { blst: Blst }).blst;
