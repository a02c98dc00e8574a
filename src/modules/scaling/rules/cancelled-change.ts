// A service cancelled at the end of its term keeps its package until it ends. Pure.

/** Why a service set to end cannot change package (the preview refuses it, the change page says it). */
export const cancelledChange = (cancelAt: string) => `This service ends on ${cancelAt}, as cancelled: it cannot change package.`;
