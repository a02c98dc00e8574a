import { defineEntity, p } from '@mikro-orm/core';

/**
 * Staff's wording of one billing message in one language; without a row the built-in wording is
 * sent (rules/default-templates-*.ts). "Reset to default" deletes the row.
 */
export const MessageTemplate = defineEntity({
  name: 'MessageTemplate',
  tableName: 'message_template',
  uniques: [{ properties: ['event', 'language'] }],
  properties: {
    id: p.integer().primary(),
    event: p.string().length(40),
    language: p.string().length(10),
    subject: p.string().length(200),
    html: p.text(),
    text: p.text(),
    updatedAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
});
