// AI SDK: a tools object handed to generateText; execute() gets the model's arguments.
import { generateText } from "ai";

export async function calc(prompt: string) {
  return generateText({
    model: "openai/gpt-4o",
    prompt,
    tools: {
      calculator: {
        description: "evaluates arithmetic",
        execute: async ({ expression }: { expression: string }) => eval(expression),
      },
    },
  });
}
