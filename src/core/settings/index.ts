export {
  SETTING_KEYS,
  SETTINGS_SECTION,
  changedSettings,
  readSettings,
  type Preference,
  type RawSetting,
  type SettingField,
  type SettingLayer,
  type Settings,
} from './settings';
