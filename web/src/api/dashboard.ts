import { get } from './http'

/** One thing to do now, with how many and the page that shows them. */
export interface TodoItem {
  key: string
  title: string
  count: number
  detail: string
  link: string
}

export async function listTodo(): Promise<TodoItem[]> {
  return (await get<{ items: TodoItem[] }>('/dashboard/todo')).items
}
