export { awsPlatform } from "./aws";
export type { CloudPlatform } from "./platform";
export { yandexPlatform } from "./yandex";
