/** What "End with its term" asks: the day it ends, or that it ends now when its paid term is already over. */
export function endWithTermQuestion(id: number, nextDueDate: string, today: string): { question: string; detail: string; dialog: string } {
  const asked =
    nextDueDate <= today
      ? {
          question: `End service #${id} now?`,
          detail: `Its paid term ended on ${nextDueDate}: it ends now, with its add-ons, and the client is emailed.`,
        }
      : {
          question: `End service #${id} on ${nextDueDate}?`,
          detail: 'It will not renew: it ends on that day, with its add-ons, and the client is emailed.',
        };
  return { ...asked, dialog: `${asked.question} ${asked.detail}` };
}
