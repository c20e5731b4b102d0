// A web UI component that runs the code block the model answered with (TSX grammar)
import { useChat } from "@ai-sdk/react";

export function Preview({ code }: { code: string }) {
  const { messages } = useChat();
  const run = () => new Function("React", code)(null);
  return <button onClick={run}>{messages.length}</button>;
}
