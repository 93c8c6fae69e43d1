/** Side-effect entry (`callpop/define`): registers every callpop element under its own name. */
import { defineCallpop } from './register.js';
import './call-pop/define.js';
import './customer-card/define.js';
import './phone-bar/define.js';
import './conversation-view/define.js';
import './service-summary/define.js';
import './sms-composer/define.js';
import './contact-plan-form/define.js';
import './contact-plans/define.js';
import './docking-pages/define.js';
import './call-details/define.js';

defineCallpop();
