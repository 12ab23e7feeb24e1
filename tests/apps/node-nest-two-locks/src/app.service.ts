import { Injectable, NotFoundException } from '@nestjs/common';

export interface Order {
  id: number;
  item: string;
  quantity: number;
}

@Injectable()
export class AppService {
  private readonly orders: Order[] = [
    { id: 1, item: 'Espresso beans', quantity: 2 },
    { id: 2, item: 'Pour-over kettle', quantity: 1 },
  ];

  findAll(): Order[] {
    return this.orders;
  }

  findOne(id: number): Order {
    const order = this.orders.find((candidate) => candidate.id === id);
    if (!order) {
      throw new NotFoundException(`order ${id} not found`);
    }
    return order;
  }
}
