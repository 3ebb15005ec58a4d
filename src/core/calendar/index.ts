export { isoWeek, localDay, startOfLocalDay, type CalendarDate } from './calendar';
