export {
  ReminderScheduler,
  type ActiveReminder,
  type ChannelLike,
  type LockManagerLike,
  type ReminderEnvironment,
} from './reminders.js';
export {
  PLAN_FILTERS,
  countPlans,
  filterPlans,
  planState,
  reminderAt,
  reminderKey,
  type PlanFilter,
  type PlanState,
} from './status.js';
export {
  START_GRACE_MS,
  browserTimeZone,
  checkPlanTimes,
  formatInZone,
  instantToZoned,
  isValidTimeZone,
  snoozeUntil,
  zoneOffset,
  zonedToInstant,
  type PlanTimeProblem,
  type PlanTimesCheck,
  type SnoozeChoice,
} from './time.js';
