export * from "./customer-window-store";
export * from "./memory-customer-window-store";
export * from "./redis-customer-window-store";
