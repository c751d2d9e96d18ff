const DEADLOCK = 1213

/**
 * Reruns a transaction InnoDB chose as a deadlock victim. Holds are inserted in seat order, but
 * when a transaction holding a seat rolls back, two requests waiting for that seat can still
 * deadlock on it (both got the shared lock, both want the exclusive one): a retry settles it.
 */
export async function retryOnDeadlock<T>(work: () => Promise<T>, attempts = 4): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work()
    } catch (error) {
      if ((error as { errno?: number }).errno !== DEADLOCK || attempt >= attempts) throw error
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt))
    }
  }
}
