/** The CLI's exit codes (README "CLI"): 0 success, 1 a failure, 2 bad input, 3 a plan with changes pending. */
export const EXIT = { OK: 0, FAILURE: 1, USAGE: 2, PENDING: 3 } as const;
