// An agent that runs what the model says: every sink here is fed model output.
import OpenAI from "openai";
import { exec, spawn } from "node:child_process";
import vm from "node:vm";
import Handlebars from "handlebars";
import { generateText } from "ai";

const openai = new OpenAI();

export async function answer(question: string) {
  const completion = await openai.chat.completions.create({
    model: "gpt-4o",
    messages: [{ role: "user", content: question }],
  });
  const code = completion.choices[0].message.content!;
  eval(code);
  new Function("x", code);
  setTimeout(`run(${code})`, 10);
  vm.runInNewContext(code, {});
  new vm.Script(code);
  exec(`ls ${code}`);
  spawn("sh", ["-c", code], { shell: true });
  await import(code);
  Handlebars.compile(code);
}

export async function summarise(prompt: string) {
  const { text } = await generateText({ model: "openai/gpt-4o", prompt });
  return eval(text.trim());
}

// A helper of this file that returns model output: its callers get model output too
async function askModel(q: string) {
  const r = await openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: q }] });
  return r.choices[0].message.content ?? "";
}
const plan = async (q: string) => askModel(`plan: ${q}`);

export async function runPlan(task: string) {
  exec(await plan(task));
}
