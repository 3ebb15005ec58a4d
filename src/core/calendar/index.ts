export { daysBetween, isoWeek, localDay, parseDay, shiftDay, startOfLocalDay, weekStart, type CalendarDate } from './calendar';
