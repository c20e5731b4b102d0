import React from "react";
export function View({ items }: { items: string[] }) {
  const render = (x: string) => <li key={x}>{x}</li>;
  return <ul>{items.map(render)}</ul>;
}
