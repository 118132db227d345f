export { createWireSender, type WireSenderOptions } from "./wire-sender";
