/**
 * Stand-ins for the settings that only exist encrypted (`pulumi config set --secret`). They are set
 * as secret config, so the program treats them exactly like the real ones.
 */
export const OFFLINE_SECRET_CONFIG: Readonly<Record<string, string>> = {
  "antifraud:alertWebhookUrl": "https://alerts.example.invalid/offline-plan",
  "antifraud:telegramBotToken": "123456789:offline-plan-placeholder-token",
  "antifraud:managedServicesCaPem":
    "-----BEGIN CERTIFICATE-----\nb2ZmbGluZS1wbGFuLXBsYWNlaG9sZGVy\n-----END CERTIFICATE-----\n",
};
