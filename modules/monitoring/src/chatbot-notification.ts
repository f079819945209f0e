/**
 * An AWS Chatbot custom notification (`version 1.0`, `source custom`): Chatbot
 * renders it in Slack, and an e-mail subscriber still gets readable JSON. Used as
 * an EventBridge input template, so `<name>` placeholders of the input paths may
 * appear in both strings.
 */
export function chatbotNotification(title: string, description: string): string {
  return JSON.stringify({ version: '1.0', source: 'custom', content: { textType: 'client-markdown', title, description } });
}
