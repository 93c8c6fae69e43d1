export {
  formatPhone,
  isPhoneSupportLoaded,
  isValidPhone,
  loadFullPhoneMetadata,
  loadPhoneSupport,
  parsePhone,
  type ParsedPhone,
} from './phone.js';
