// Every case of fixtures/vectors/calendar/ through the JS API (fixtures/README.md, calendar ops).
import { test } from 'node:test';

import { vectorTests } from './vectors.mjs';

vectorTests(test, 'calendar');
