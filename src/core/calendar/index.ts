export {
  daysBetween,
  isoWeek,
  localDay,
  parseDay,
  shiftDay,
  startOfDayText,
  startOfLocalDay,
  weekStart,
  type CalendarDate,
} from './calendar';
