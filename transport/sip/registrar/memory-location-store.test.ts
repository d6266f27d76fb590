import { describeLocationStoreContract } from './location-store.contract.ts';
import { createMemoryLocationStore } from './memory-location-store.ts';

describeLocationStoreContract('memory location store', async (clock) => createMemoryLocationStore({ clock }));
