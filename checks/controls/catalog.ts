import type { Control, ControlRef } from '../../src/model/control.js';
import { controlRef } from '../../src/model/control.js';
import { iso27001Controls } from './iso27001-controls.js';
import { iso42001Controls } from './iso42001-controls.js';

export const controlCatalog: readonly Control[] = [...iso27001Controls, ...iso42001Controls];

export const controlsByRef = (): Map<ControlRef, Control> => new Map(controlCatalog.map((c) => [controlRef(c), c]));
