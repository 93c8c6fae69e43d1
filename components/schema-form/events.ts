export { CallpopFormInputEvent, type FormInputDetail } from './form-input-event.js';
export { CallpopFormAcceptSuggestionEvent, type FormAcceptSuggestionDetail } from './form-accept-suggestion-event.js';
