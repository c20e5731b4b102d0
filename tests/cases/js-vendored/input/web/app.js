export function own(x) { return eval(x); }
