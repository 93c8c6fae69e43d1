export {
  digitsOnly,
  formatPhone,
  isValidPhone,
  loadFullPhoneMetadata,
  parsePhone,
  type ParsedPhone,
} from './phone-number.js';
