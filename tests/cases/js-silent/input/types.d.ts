declare function eval(x: string): any;
declare const code: string;
