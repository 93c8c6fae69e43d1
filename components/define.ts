/** Side-effect entry (`callpop/define`): registers every callpop element (the element list, components/elements.ts) under its own name. */
import { defineCallpop } from './register.js';

defineCallpop();
