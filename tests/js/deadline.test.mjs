// Every case of fixtures/vectors/deadline/ through the JS API (fixtures/README.md, deadline ops).
import { test } from 'node:test';

import { vectorTests } from './vectors.mjs';

vectorTests(test, 'deadline');
