import { asEditorHtml } from './default-templates-en.ts';

// The built-in German wording (Sie, as German invoices address clients).

const hello = '<p>Guten Tag {client.name},</p>';
const bye = '<p>Mit freundlichen Grüßen<br>{company.name}</p>';
const button = (label: string) => `<p><a href="{invoice.pay_url}">${label}</a></p>`;

export const DEFAULT_TEMPLATES_DE = asEditorHtml({
  invoice_issued: {
    subject: 'Ihre Rechnung {invoice.number} von {company.name}',
    html: `${hello}<p>Ihre Rechnung {invoice.number} über {invoice.total} liegt vor; bitte zahlen Sie {invoice.amount_due} bis zum {invoice.due_date}.</p><p>Die Rechnung finden Sie als PDF im Anhang.</p>${button('Rechnung ansehen und bezahlen')}${bye}`,
  },
  payment_receipt: {
    subject: 'Vielen Dank für Ihre Zahlung: Rechnung {invoice.number}',
    html: `${hello}<p>Wir haben Ihre Zahlung über {invoice.total} für die Rechnung {invoice.number} am {invoice.paid_date} erhalten. Vielen Dank!</p><p>Die bezahlte Rechnung finden Sie als PDF im Anhang.</p>${button('Rechnung ansehen')}${bye}`,
  },
  payment_failed: {
    subject: 'Abbuchung für Rechnung {invoice.number} fehlgeschlagen',
    html: `${hello}<p>Ihre Bank hat die Zahlung von {invoice.amount_due} für die Rechnung {invoice.number} mit Ihrer {card.name} abgelehnt.</p><p>{charge.next_step}</p>${button('Rechnung öffnen')}${bye}`,
  },
  payment_needs_authentication: {
    subject: 'Bitte bestätigen Sie die Zahlung der Rechnung {invoice.number}',
    html: `${hello}<p>Ihre Bank möchte, dass Sie die Zahlung von {invoice.amount_due} für die Rechnung {invoice.number} mit Ihrer {card.name} bestätigen.</p><p>Öffnen Sie die Rechnung und bezahlen Sie sie per Karte: Dort fragt Ihre Bank nach der Bestätigung.</p>${button('Rechnung öffnen')}${bye}`,
  },
  invoice_reminder: {
    subject: 'Erinnerung: Rechnung {invoice.number} ist am {invoice.due_date} fällig',
    html: `${hello}<p>Wir möchten Sie freundlich daran erinnern, dass die Rechnung {invoice.number} über {invoice.amount_due} am {invoice.due_date} fällig ist.</p><p>Falls Sie bereits bezahlt haben, betrachten Sie diese E-Mail bitte als gegenstandslos.</p>${button('Rechnung bezahlen')}${bye}`,
  },
  invoice_overdue: {
    subject: 'Zahlungserinnerung: Rechnung {invoice.number} ist überfällig',
    html: `${hello}<p>Die Rechnung {invoice.number} über {invoice.amount_due} war am {invoice.due_date} fällig und ist noch offen.</p><p>Bitte begleichen Sie sie zeitnah, damit Ihre Dienste weiterlaufen.</p>${button('Rechnung bezahlen')}${bye}`,
  },
  service_suspended: {
    subject: 'Ihr Dienst {package.name} (#{service.id}) wurde gesperrt',
    html: `${hello}<p>Ihr Dienst {package.name} (#{service.id}) wurde gesperrt.</p><p>Wurde er wegen einer offenen Rechnung gesperrt, wird er nach der Zahlung automatisch wieder freigeschaltet. Andernfalls wenden Sie sich bitte an uns.</p>${bye}`,
  },
  service_unsuspended: {
    subject: 'Ihr Dienst {package.name} (#{service.id}) ist wieder aktiv',
    html: `${hello}<p>Ihr Dienst {package.name} (#{service.id}) ist nicht mehr gesperrt und wieder verfügbar.</p><p>Vielen Dank.</p>${bye}`,
  },
  service_terminated: {
    subject: 'Ihr Dienst {package.name} (#{service.id}) wurde beendet',
    html: `${hello}<p>Ihr Dienst {package.name} (#{service.id}) wurde beendet und steht nicht mehr zur Verfügung.</p><p>Wenn Sie ihn wieder nutzen möchten, können Sie jederzeit neu bestellen.</p>${bye}`,
  },
  cancellation_confirmed: {
    subject: 'Kündigungsbestätigung: {package.name} (#{service.id})',
    html: `${hello}<p>Hiermit bestätigen wir die Kündigung von {package.name} (#{service.id}). Der Dienst endet am {service.end_date} und wird nicht verlängert.</p><p>Vielen Dank, dass Sie bei uns waren.</p>${bye}`,
  },
  cancellation_withdrawn: {
    subject: 'Ihr Dienst läuft weiter: {package.name} (#{service.id})',
    html: `${hello}<p>Die Kündigung von {package.name} (#{service.id}) ist zurückgenommen. Der Dienst läuft weiter und verlängert sich wie bisher am {service.next_due_date}.</p>${bye}`,
  },
  refund_issued: {
    subject: 'Erstattung von {refund.amount} zur Rechnung {invoice.number}',
    html: `${hello}<p>Wir haben Ihnen {refund.amount} zur Rechnung {invoice.number} erstattet. Die Gutschrift {credit_note.number} finden Sie als PDF im Anhang.</p><p>Eine Erstattung auf Ihr Guthaben steht sofort bereit; bis eine Erstattung auf Karte oder Konto auf dem Kontoauszug erscheint, kann es einige Tage dauern.</p>${bye}`,
  },
  package_change_applied: {
    subject: 'Ihr Dienst #{service.id} läuft jetzt mit {package.name}',
    html: `${hello}<p>Der Wechsel Ihres Dienstes #{service.id} von {package.previous_name} zu {package.name} ist durchgeführt.</p>${bye}`,
  },
  order_cancelled: {
    subject: 'Ihre Bestellung #{order.id} wurde storniert',
    html: `${hello}<p>Ihre Bestellung #{order.id} wurde storniert, da die Rechnung {invoice.number} nicht rechtzeitig bezahlt wurde; die dafür reservierten Ressourcen wurden freigegeben.</p><p>Sie können jederzeit gerne erneut bestellen.</p>${bye}`,
  },
});
